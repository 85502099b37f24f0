//! Where the Sun stands in the sky at a place, a day of the year and an hour of local solar
//! time, and how much light it gives on the ground.
//!
//! Declination after Cooper (1969), "The absorption of radiation in solar stills", *Solar
//! Energy* 12: 333–346: δ = 23.45° · sin(360° · (284 + n) / 365). Elevation and azimuth from
//! the hour angle by the standard spherical-astronomy relations (e.g. Duffie & Beckman, *Solar
//! Engineering of Thermal Processes*, 4th ed., Wiley 2013, §1.6). Good to about a degree,
//! which is what a field trip needs; no refraction, no equation of time.

/// The Sun's place in the sky.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SunPosition {
    /// Height above the horizon, degrees (negative below it).
    pub elevation_deg: f32,
    /// Direction, degrees clockwise from north (90 east, 180 south, 270 west).
    pub azimuth_deg: f32,
}

/// The Sun's declination on day `day_of_year` (1 = 1 January), degrees.
pub fn declination_deg(day_of_year: u32) -> f32 {
    23.45
        * (360.0 * (284.0 + day_of_year as f32) / 365.0)
            .to_radians()
            .sin()
}

/// Where the Sun stands at `latitude_deg` (north positive) on `day_of_year` at `solar_hours`
/// of local solar time (12.0 is noon, when the Sun stands due south north of the tropics).
pub fn position(latitude_deg: f32, day_of_year: u32, solar_hours: f32) -> SunPosition {
    let phi = latitude_deg.to_radians();
    let delta = declination_deg(day_of_year).to_radians();
    let hour_angle = (15.0 * (solar_hours - 12.0)).to_radians();
    let sin_el = phi.sin() * delta.sin() + phi.cos() * delta.cos() * hour_angle.cos();
    let elevation = sin_el.clamp(-1.0, 1.0).asin();
    // Azimuth from south, positive towards the west; then turned to count from north.
    let from_south = hour_angle
        .sin()
        .atan2(hour_angle.cos() * phi.sin() - delta.tan() * phi.cos());
    SunPosition {
        elevation_deg: elevation.to_degrees(),
        azimuth_deg: (180.0 + from_south.to_degrees()).rem_euclid(360.0),
    }
}

/// The hour of local solar time at which the Sun sets at `latitude_deg` on `day_of_year`
/// (its centre on the horizon); `None` where it does not set or does not rise that day.
pub fn sunset_hours(latitude_deg: f32, day_of_year: u32) -> Option<f32> {
    let phi = latitude_deg.to_radians();
    let delta = declination_deg(day_of_year).to_radians();
    let cos_h = -phi.tan() * delta.tan();
    (-1.0..=1.0)
        .contains(&cos_h)
        .then(|| 12.0 + cos_h.acos().to_degrees() / 15.0)
}

/// Illuminance of direct sunlight on a surface facing the Sun, lux, at `elevation_deg`: about
/// 128 klx outside the atmosphere, dimmed by an optical depth of 0.21 per air mass, with the
/// air mass of Kasten & Young (1989), *Applied Optics* 28: 4735–4738. Zero below the horizon.
pub fn direct_lux(elevation_deg: f32) -> f32 {
    const EXTRATERRESTRIAL_LUX: f32 = 128_000.0;
    const OPTICAL_DEPTH_PER_AIR_MASS: f32 = 0.21;
    if elevation_deg <= 0.0 {
        return 0.0;
    }
    let air_mass = 1.0
        / (elevation_deg.to_radians().sin() + 0.50572 * (elevation_deg + 6.07995).powf(-1.6364));
    EXTRATERRESTRIAL_LUX * (-OPTICAL_DEPTH_PER_AIR_MASS * air_mass).exp()
}

/// Illuminance from the clear sky on level ground, lux: about 20 klx with the Sun high,
/// falling to a few hundred at sunset and to nothing by the end of civil twilight (the Sun 6°
/// below the horizon).
pub fn sky_lux(elevation_deg: f32) -> f32 {
    const HIGH_SUN_SKY_LUX: f32 = 20_000.0;
    const SUNSET_SKY_LUX: f32 = 400.0;
    if elevation_deg <= -6.0 {
        0.0
    } else if elevation_deg <= 0.0 {
        SUNSET_SKY_LUX * (1.0 + elevation_deg / 6.0)
    } else {
        SUNSET_SKY_LUX + (HIGH_SUN_SKY_LUX - SUNSET_SKY_LUX) * elevation_deg.to_radians().sin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TURKU_LATITUDE_DEG: f32 = 60.45;

    #[test]
    fn the_noon_sun_stands_due_south_at_ninety_minus_latitude_plus_declination() {
        for day in [80, 172, 266, 355] {
            let noon = position(TURKU_LATITUDE_DEG, day, 12.0);
            let expected = 90.0 - TURKU_LATITUDE_DEG + declination_deg(day);
            assert!((noon.elevation_deg - expected).abs() < 0.01, "day {day}");
            assert!((noon.azimuth_deg - 180.0).abs() < 0.01, "day {day}");
        }
        // Midsummer noon in Turku: about 53° up; midwinter: about 6°.
        assert!((position(TURKU_LATITUDE_DEG, 172, 12.0).elevation_deg - 53.0).abs() < 0.5);
        assert!((position(TURKU_LATITUDE_DEG, 355, 12.0).elevation_deg - 6.1).abs() < 0.5);
    }

    #[test]
    fn the_sun_rises_in_the_east_and_sets_in_the_west_at_the_computed_hour() {
        let day = 236;
        let morning = position(TURKU_LATITUDE_DEG, day, 9.0);
        let evening = position(TURKU_LATITUDE_DEG, day, 15.0);
        assert!(morning.azimuth_deg > 90.0 && morning.azimuth_deg < 180.0);
        assert!(evening.azimuth_deg > 180.0 && evening.azimuth_deg < 270.0);
        // Morning and afternoon mirror each other about noon.
        assert!((morning.elevation_deg - evening.elevation_deg).abs() < 1e-3);
        assert!((morning.azimuth_deg + evening.azimuth_deg - 360.0).abs() < 1e-2);

        let sunset = sunset_hours(TURKU_LATITUDE_DEG, day).unwrap();
        assert!(
            position(TURKU_LATITUDE_DEG, day, sunset)
                .elevation_deg
                .abs()
                < 0.01
        );
        assert!(position(TURKU_LATITUDE_DEG, day, sunset - 0.5).elevation_deg > 0.0);
        assert!(position(TURKU_LATITUDE_DEG, day, sunset + 0.5).elevation_deg < 0.0);
        // At midsummer north of the Arctic Circle the Sun does not set at all.
        assert_eq!(sunset_hours(70.0, 172), None);
    }

    #[test]
    fn light_falls_with_the_sun() {
        assert!(direct_lux(60.0) > 90_000.0 && direct_lux(60.0) < 115_000.0);
        assert!(direct_lux(5.0) < direct_lux(30.0) && direct_lux(30.0) < direct_lux(60.0));
        assert_eq!(direct_lux(-1.0), 0.0);
        assert!(sky_lux(40.0) > sky_lux(1.0) && sky_lux(1.0) > sky_lux(-3.0));
        assert_eq!(sky_lux(-7.0), 0.0);
    }
}
