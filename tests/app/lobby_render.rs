//! The lobby's start screen, rendered: every place has a card with its picture and its title
//! in the chosen language, and the picture shows them. Each card's title must put light text
//! pixels on the card's dark ground where the title is, and its picture must be varied (a
//! place, not a blank), as must the "Join a class" button's label.

use bevy::prelude::*;
use retki::app::{self, Face};
use retki::lobby::lobby_pictures;
use retki_classroom::lobby::screen::Press;
use retki_core::poi::{Lang, Language};

/// Luma of a pixel, 0–255 (Rec. 709 weights).
fn luma(p: &[u8]) -> f64 {
    0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
}

/// Shares of light (luma above 170) and dark (below 80) pixels in a rectangle, and the
/// spread of their luma.
fn light_and_dark(image: &Image, [left, top, right, bottom]: [f32; 4]) -> (f64, f64, f64) {
    let width = image.width() as usize;
    let data = image.data.as_ref().expect("the picture's pixels");
    let (mut light, mut dark, mut all) = (0usize, 0usize, Vec::new());
    for y in top.max(0.0) as usize..bottom as usize {
        for x in left.max(0.0) as usize..right as usize {
            let i = (y * width + x) * 4;
            let l = luma(&data[i..i + 3]);
            light += usize::from(l > 170.0);
            dark += usize::from(l < 80.0);
            all.push(l);
        }
    }
    let n = all.len().max(1) as f64;
    let mean = all.iter().sum::<f64>() / n;
    let spread = (all.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n).sqrt();
    (light as f64 / n, dark as f64 / n, spread)
}

#[test]
fn the_start_screen_shows_every_place_as_a_card_with_its_picture_and_title() {
    let pictures = lobby_pictures(&["start"], (1280, 720), |face: Face| {
        let mut app = app::build(face, None);
        app.insert_resource(Language(Lang::En));
        app
    })
    .expect("the lobby renders");
    let start = &pictures[0];
    let cards: Vec<_> = start
        .buttons
        .iter()
        .filter(|(press, _)| matches!(press, Press::Place(_)))
        .collect();
    assert_eq!(
        cards.len(),
        retki_scenes::catalogue().len(),
        "a card per place"
    );
    for (press, [left, top, right, bottom]) in cards {
        let height = bottom - top;
        assert!(
            *left >= 0.0 && *right <= 1280.0 && *top >= 0.0 && *bottom <= 720.0,
            "{press:?} is in the picture: {left} {top} {right} {bottom}"
        );
        // The picture fills the card's top (16:9 of its width, 45 % of its height), the
        // title sits below it, on one or two lines.
        let picture = [
            left + 8.0,
            top + height * 0.06,
            right - 8.0,
            top + height * 0.42,
        ];
        let title = [
            left + 4.0,
            top + height * 0.5,
            right - 4.0,
            top + height * 0.8,
        ];
        let (_, _, spread) = light_and_dark(&start.image, picture);
        assert!(
            spread > 12.0,
            "{press:?}'s picture is a place, not a blank: {spread:.1}"
        );
        let (light, dark, _) = light_and_dark(&start.image, title);
        assert!(
            light > 0.03 && dark > 0.4,
            "{press:?}'s title is light text on the dark card: {:.0} % light, {:.0} % dark",
            light * 100.0,
            dark * 100.0
        );
    }
    let (_, join) = start
        .buttons
        .iter()
        .find(|(press, _)| *press == Press::JoinClass)
        .expect("a Join a class button");
    // The label is centred: the middle third across, the middle half down.
    let [left, top, right, bottom] = *join;
    let (w, h) = (right - left, bottom - top);
    let label = [
        left + w / 3.0,
        top + h / 4.0,
        right - w / 3.0,
        bottom - h / 4.0,
    ];
    let (light, dark, _) = light_and_dark(&start.image, label);
    assert!(
        light > 0.03 && dark > 0.4,
        "Join a class has its label: {:.0} % light, {:.0} % dark",
        light * 100.0,
        dark * 100.0
    );
}
