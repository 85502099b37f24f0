//! How the markers that show where a pupil points and may go are drawn: the pointer, the
//! teleport arc, and the schoolyard's preview of an item with its safety zone. The comfort
//! settings choose colour-blind-safe colours and high contrast; the features that draw the
//! markers read [`MarkerStyle`].

use bevy::prelude::*;

/// How much larger markers are with [`MarkerStyle::high_contrast`]: the pointer's dot and
/// beam twice as thick, the arc's dots and the preview as they are but more opaque.
pub const HIGH_CONTRAST_SIZE: f32 = 2.0;

/// The pointer's colour: a warm yellow that stands out from the places' greys, greens and
/// blues (Okabe and Ito's yellow with safe colours).
const POINTER: Color = Color::srgb(1.0, 0.85, 0.2);
/// Okabe and Ito's yellow ("Color Universal Design", 2008).
const SAFE_POINTER: Color = Color::srgb(0.941, 0.894, 0.259);
/// Where a pupil may land or an item fits: green.
const ALLOWED: Color = Color::srgb(0.2, 0.9, 0.3);
/// Where not: red.
const REFUSED: Color = Color::srgb(0.95, 0.2, 0.15);
/// Allowed with safe colours: Okabe and Ito's sky blue, which a pupil with any of the common
/// colour vision deficiencies tells from their vermillion, also by lightness.
const SAFE_ALLOWED: Color = Color::srgb(0.337, 0.706, 0.914);
/// Refused with safe colours: Okabe and Ito's vermillion.
const SAFE_REFUSED: Color = Color::srgb(0.835, 0.369, 0.0);

/// How markers are drawn now; the comfort settings keep it.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkerStyle {
    /// Colour-blind-safe colours (Okabe and Ito's palette) instead of green and red.
    pub safe_colours: bool,
    /// White, thicker and more opaque markers.
    pub high_contrast: bool,
}

impl MarkerStyle {
    /// The pointer's dot and beam: white in high contrast, the brightest against every place.
    pub fn pointer(&self) -> Color {
        match (self.high_contrast, self.safe_colours) {
            (true, _) => Color::WHITE,
            (false, true) => SAFE_POINTER,
            (false, false) => POINTER,
        }
    }

    /// Where a pupil may land, or an item fits.
    pub fn allowed(&self) -> Color {
        if self.safe_colours {
            SAFE_ALLOWED
        } else {
            ALLOWED
        }
    }

    /// Where a pupil may not land, or an item would be refused.
    pub fn refused(&self) -> Color {
        if self.safe_colours {
            SAFE_REFUSED
        } else {
            REFUSED
        }
    }

    /// The size of the pointer's marks against their usual size.
    pub fn size(&self) -> f32 {
        if self.high_contrast {
            HIGH_CONTRAST_SIZE
        } else {
            1.0
        }
    }

    /// How opaque a see-through preview is: 0.45, or 0.8 in high contrast.
    pub fn fill_alpha(&self) -> f32 {
        if self.high_contrast { 0.8 } else { 0.45 }
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<MarkerStyle>();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative luminance (WCAG 2.1).
    fn luminance(colour: Color) -> f32 {
        let c = colour.to_linear();
        0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
    }

    #[test]
    fn every_style_tells_allowed_from_refused_and_high_contrast_is_brightest() {
        for safe_colours in [false, true] {
            for high_contrast in [false, true] {
                let style = MarkerStyle {
                    safe_colours,
                    high_contrast,
                };
                assert_ne!(style.allowed(), style.refused());
                assert!(style.size() >= 1.0 && style.fill_alpha() < 1.0);
            }
        }
        let safe = MarkerStyle {
            safe_colours: true,
            high_contrast: false,
        };
        // The safe pair differs in lightness as well as hue, by at least 1.5 : 1.
        let (a, r) = (luminance(safe.allowed()), luminance(safe.refused()));
        assert!((a + 0.05) / (r + 0.05) > 1.5, "{a} {r}");
        let strong = MarkerStyle {
            high_contrast: true,
            ..safe
        };
        assert!(luminance(strong.pointer()) > luminance(safe.pointer()));
        assert!(strong.size() > safe.size() && strong.fill_alpha() > safe.fill_alpha());
    }
}
