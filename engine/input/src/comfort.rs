//! Comfort and access, chosen once in the lobby and kept on the device: seated or standing,
//! reduced motion, colour-blind-safe and high-contrast markers, larger text, and one-handed
//! use with either hand. Each setting changes what the features that own it do: the posture
//! raises the world for a seated pupil, reduced motion keeps the vignette longer, safe colours
//! and high contrast restyle the pointer, the teleport arc and the schoolyard's preview
//! ([`MarkerStyle`]), larger text scales the lobby's text and every board
//! ([`retki_core::panel::BoardScale`]), and the hand settings choose the pointing controller
//! and where the menu board is ([`crate::hands`]).
//!
//! The settings live in `comfort.toml` in Retki's folder of the device's settings
//! (`$RETKI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/retki`, else `~/.config/retki`), so a shared
//! school headset keeps its wearer's choice until the next pupil changes it.

use std::path::PathBuf;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use retki_core::marker::MarkerStyle;
use retki_core::panel::BoardScale;
use retki_core::viewer::ViewAnchor;

use crate::posture::Posture;

/// How much larger text is with [`Comfort::large_text`]: 1.25 × (a 4 cm label becomes 5 cm;
/// W3C XAUR asks for text that can be resized, WCAG 1.4.4 for up to 200 % on screens).
pub const LARGE_TEXT_SCALE: f32 = 1.25;
/// How much longer the vignette stays with [`Comfort::reduced_motion`]: twice as long.
pub const REDUCED_MOTION_FADE_SCALE: f32 = 2.0;

/// A pupil's comfort and access settings.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Comfort {
    /// The pupil sits: the world is raised so viewpoints are seen from a standing height.
    pub seated: bool,
    /// Less motion: the vignette after a turn or teleport stays twice as long.
    pub reduced_motion: bool,
    /// Colour-blind-safe colours for the pointer, the teleport arc and the schoolyard's
    /// preview.
    pub safe_colours: bool,
    /// Larger text on the boards.
    pub large_text: bool,
    /// Everything from one hand: the menu board floats before the pupil instead of sitting
    /// on the other hand.
    pub one_hand: bool,
    /// The left hand points (and the board is on the right hand).
    pub left_hand: bool,
    /// White, thicker pointer and more opaque markers.
    pub high_contrast: bool,
}

/// One of the settings, to be switched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Setting {
    /// [`Comfort::seated`].
    Seated,
    /// [`Comfort::reduced_motion`].
    ReducedMotion,
    /// [`Comfort::safe_colours`].
    SafeColours,
    /// [`Comfort::large_text`].
    LargeText,
    /// [`Comfort::one_hand`].
    OneHand,
    /// [`Comfort::left_hand`].
    LeftHand,
    /// [`Comfort::high_contrast`].
    HighContrast,
}

impl Setting {
    /// Every setting, in the order the lobby lists them.
    pub const ALL: [Setting; 7] = [
        Setting::Seated,
        Setting::ReducedMotion,
        Setting::OneHand,
        Setting::LeftHand,
        Setting::LargeText,
        Setting::SafeColours,
        Setting::HighContrast,
    ];

    /// The key of the setting's name in the lobby's texts (`lobby.ftl`).
    pub fn text_key(self) -> &'static str {
        match self {
            Setting::Seated => "lobby-setting-seated",
            Setting::ReducedMotion => "lobby-setting-reduced-motion",
            Setting::SafeColours => "lobby-setting-safe-colours",
            Setting::LargeText => "lobby-setting-large-text",
            Setting::OneHand => "lobby-setting-one-hand",
            Setting::LeftHand => "lobby-setting-left-hand",
            Setting::HighContrast => "lobby-setting-high-contrast",
        }
    }
}

impl Comfort {
    /// Whether `setting` is on.
    pub fn get(&self, setting: Setting) -> bool {
        match setting {
            Setting::Seated => self.seated,
            Setting::ReducedMotion => self.reduced_motion,
            Setting::SafeColours => self.safe_colours,
            Setting::LargeText => self.large_text,
            Setting::OneHand => self.one_hand,
            Setting::LeftHand => self.left_hand,
            Setting::HighContrast => self.high_contrast,
        }
    }

    /// Switches `setting` on or off.
    pub fn toggle(&mut self, setting: Setting) {
        let value = match setting {
            Setting::Seated => &mut self.seated,
            Setting::ReducedMotion => &mut self.reduced_motion,
            Setting::SafeColours => &mut self.safe_colours,
            Setting::LargeText => &mut self.large_text,
            Setting::OneHand => &mut self.one_hand,
            Setting::LeftHand => &mut self.left_hand,
            Setting::HighContrast => &mut self.high_contrast,
        };
        *value = !*value;
    }

    /// The scale of text on boards.
    pub fn text_scale(&self) -> f32 {
        if self.large_text {
            LARGE_TEXT_SCALE
        } else {
            1.0
        }
    }

    /// Where the device keeps the settings.
    pub fn file() -> Option<PathBuf> {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let folder = var("RETKI_CONFIG_DIR")
            .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("retki")))
            .or_else(|| var("HOME").map(|d| d.join(".config").join("retki")))?;
        Some(folder.join("comfort.toml"))
    }

    /// The settings kept on this device; the defaults where there are none. A file that
    /// cannot be read is reported with its place and left as it is.
    pub fn load() -> Result<Comfort, String> {
        let Some(path) = Self::file() else {
            return Ok(Comfort::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Comfort::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The settings written in `text` (TOML); the error names the line, column and field.
    pub fn parse(text: &str) -> Result<Comfort, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().replace('\n', " "))
    }

    /// Keeps the settings in `path` (see [`ComfortFile`]).
    pub fn save(&self, path: &std::path::Path) -> Result<(), String> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        let text = toml::to_string(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Where the settings are kept: [`Comfort::file`] on a pupil's device, a test's own file, or
/// nowhere (the default).
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct ComfortFile(pub Option<PathBuf>);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Comfort>()
        .init_resource::<ComfortFile>()
        .add_systems(PreUpdate, (sit_or_stand, scale_boards, style_markers));
}

/// Markers follow the safe-colours and high-contrast settings.
fn style_markers(comfort: Res<Comfort>, style: Option<ResMut<MarkerStyle>>) {
    if let Some(mut style) = style
        && comfort.is_changed()
    {
        style.set_if_neq(MarkerStyle {
            safe_colours: comfort.safe_colours,
            high_contrast: comfort.high_contrast,
        });
    }
}

/// Boards of text grow with the larger-text setting.
fn scale_boards(comfort: Res<Comfort>, scale: Option<ResMut<BoardScale>>) {
    if let Some(mut scale) = scale
        && comfort.is_changed()
    {
        scale.set_if_neq(BoardScale(comfort.text_scale()));
    }
}

/// Gives `app` the settings kept on this device, and keeps what the pupil changes there. Apps
/// built without it (tests, servers) start from the defaults and keep nothing.
pub fn keep_on_device(app: &mut App) {
    let comfort = Comfort::load().unwrap_or_else(|error| {
        warn!("comfort settings: {error}; using the defaults (the lobby saves new ones)");
        Comfort::default()
    });
    app.insert_resource(comfort)
        .insert_resource(ComfortFile(Comfort::file()));
}

/// The posture follows the seated setting (`--seated` on the command line sets both), and so
/// does a headset's tracking space, from the next viewpoint on.
fn sit_or_stand(
    comfort: Res<Comfort>,
    mut posture: ResMut<Posture>,
    mut anchors: Query<&mut ViewAnchor>,
) {
    if !comfort.is_changed() {
        return;
    }
    let now = if comfort.seated {
        Posture::Seated
    } else {
        Posture::Standing
    };
    if posture.set_if_neq(now) {
        for mut anchor in &mut anchors {
            if let ViewAnchor::Floor { eye_height_m } = &mut *anchor {
                *eye_height_m = now.eye_height_m();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_back_and_a_mistake_names_its_place() {
        let mut comfort = Comfort::default();
        comfort.toggle(Setting::Seated);
        comfort.toggle(Setting::SafeColours);
        let text = toml::to_string(&comfort).unwrap();
        assert_eq!(Comfort::parse(&text), Ok(comfort));
        assert!(comfort.get(Setting::Seated) && !comfort.get(Setting::LargeText));
        assert_eq!(Comfort::parse(""), Ok(Comfort::default()));
        let error = Comfort::parse("seated = true\nlarge_text = \"yes\"\n").unwrap_err();
        assert!(
            error.contains("line 2") && error.contains("large_text"),
            "{error}"
        );
        let error = Comfort::parse("sitting = true\n").unwrap_err();
        assert!(error.contains("sitting"), "{error}");
        let file = std::env::temp_dir().join(format!("retki-comfort-{}.toml", std::process::id()));
        comfort.save(&file).unwrap();
        assert_eq!(
            Comfort::parse(&std::fs::read_to_string(&file).unwrap()),
            Ok(comfort)
        );
        std::fs::remove_file(file).unwrap();
    }
}
